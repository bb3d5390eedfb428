#!/usr/bin/env node
// The `adamant` command of the umbrella package: @adamant/cli's bin, which picks the compiled dist/
// when installed (or the sources through tsx inside the workspace).
import '@adamant/cli/bin/adamant.mjs';
