import type { BuildOptions } from 'esbuild';
import { ESM_REQUIRE_BANNER } from './esm-banner.ts';

/**
 * The esbuild options of the forwarder's Lambda bundle, as NodejsFunction applies its `bundling`
 * props (lib/function/forwarder-function.ts): one minified ESM file with every dependency, the AWS
 * SDK included. For building the same bundle outside CDK: the bundled-worker test, and the
 * benchmark's pipeline child, which measures the code that is deployed rather than tsx's.
 */
export function lambdaBundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'error',
  };
}
