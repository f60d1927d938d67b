#!/usr/bin/env node
// The `loupe` command: loads the TypeScript sources through tsx and runs the command line.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
