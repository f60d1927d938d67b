#!/usr/bin/env node
// `loupe-hq [--database-url URL] [--broker URL] [--workers N] [--primary]`: the same as `loupe hq …`.
import { fileURLToPath } from 'node:url';

process.argv.splice(2, 0, 'hq');
await import(fileURLToPath(new URL('../../firmware/bin/loupe.js', import.meta.url)));
