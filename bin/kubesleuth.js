#!/usr/bin/env node
// grpc-js over TLS to an IP address triggers a deprecation warning that would break one-line errors.
process.noDeprecation = true;
const { main } = await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
