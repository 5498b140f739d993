/**
 * jest's own order, slowest files first, with a floor for a fresh clone: jest learns each file's time in its cache,
 * and without it falls back to file size, which put a 28 s file of the unit project last in a CI run while the other
 * worker sat idle. test/durations.json (scripts/test-durations.ts) gives the time a file took in a recorded run
 * wherever the cache has none.
 */
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const recorded = require('./durations.json');

const root = path.resolve(__dirname, '..');

class SlowestFirst extends Sequencer {
  time(test) {
    return super.time(test) ?? recorded[path.relative(root, test.path)];
  }
}

module.exports = SlowestFirst;
