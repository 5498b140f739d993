'use strict';
/**
 * Preloaded (`node -r`) into a function's process: an SDK middleware on every AWS SDK client the function
 * creates, which reports each call (client, command, input as sent) to the parent before it leaves. The SDK is
 * the one the runner puts on NODE_PATH, as the Lambda runtime provides its own; the bundle does not carry one.
 */
const { Client } = require('@smithy/core/client');

const NAME = 'cloudTierCallRecorder';
const send = Client.prototype.send;

const plain = (value) => JSON.parse(JSON.stringify(value, (_key, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)));

Client.prototype.send = function sendRecorded(...args) {
  // A document client shares its client's stack: one middleware there sees every command once.
  if (!this.middlewareStack.identify().some((entry) => entry.startsWith(NAME))) {
    this.middlewareStack.add(
      (next, context) => async (call) => {
        process.send({ type: 'aws-call', call: { service: context.clientName, command: context.commandName, input: plain(call.input) } });
        return next(call);
      },
      // After the document client marshalled the input, before it is serialized to the wire.
      { step: 'build', name: NAME, priority: 'high' },
    );
  }
  return send.apply(this, args);
};
