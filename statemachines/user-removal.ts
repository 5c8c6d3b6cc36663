// The user-removal state machine as a file: its path, its `${Token}` placeholders and how they are
// resolved. CDK deploys this file (DefinitionBody.fromFile + definitionSubstitutions); the local
// runtime executes the same file with local values.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const USER_REMOVAL_ASL_PATH = fileURLToPath(new URL('./user-removal.asl.json', import.meta.url));

export const readUserRemovalDefinition = (): string => readFileSync(USER_REMOVAL_ASL_PATH, 'utf8');

/** Every `${Token}` the definition uses, sorted. */
export const definitionTokens = (definition: string): string[] =>
  [...new Set([...definition.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1] as string))].sort();

/** Resolves `${Token}` placeholders the way Step Functions applies definitionSubstitutions. */
export function substitute(definition: string, substitutions: Record<string, string>): string {
  return definition.replace(/\$\{([A-Za-z0-9]+)\}/g, (placeholder, token: string) => {
    const value = substitutions[token];
    if (value === undefined) throw new Error(`No substitution for ${placeholder}`);
    return value;
  });
}
