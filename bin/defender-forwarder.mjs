#!/usr/bin/env node
// Launcher for the CLI: runs the TypeScript sources through tsx, so a clone needs no build step.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../lambda/cli.ts');
process.exitCode = await main(process.argv.slice(2));
