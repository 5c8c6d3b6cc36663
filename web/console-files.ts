// Where the console's build lands (web/dist): what the local API server serves and what the stack
// uploads to the console's bucket.
import { fileURLToPath } from 'node:url';

export const CONSOLE_DIST = fileURLToPath(new URL('./dist', import.meta.url));
