#!/usr/bin/env node
// A shim: everything lives in the compiled CLI.
import '../dist/src/cli/index.js';
