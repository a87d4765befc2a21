import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder until its issue lands; replace the whole file.
export function register(parent: Command): void {
  parent
    .command('ner')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      throw new UserError('eval-ner is not implemented yet');
    });
}
