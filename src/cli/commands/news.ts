import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder until its issue lands; replace the whole file.
export function register(parent: Command): void {
  parent
    .command('news')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      throw new UserError('news is not implemented yet');
    });
}
