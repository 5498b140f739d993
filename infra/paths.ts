import path from 'node:path';

/** The repository root: route handlers and route assets are named relative to it. */
export const REPO_ROOT = path.resolve(__dirname, '..');
