import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder until its issue lands; replace the whole file.
export function register(parent: Command): void {
  parent
    .command('ud')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      throw new UserError('eval-ud is not implemented yet');
    });
}
