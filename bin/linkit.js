#!/usr/bin/env node
// The compiled CLI; `npm install` builds it (the `prepare` script). From source: `npm run cli -- …`.
import '../dist/cli.js';
