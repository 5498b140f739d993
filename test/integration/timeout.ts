// Each file starts the runtime and seeds it through the API; on a shared two-core machine that alone passed jest's
// 5 s default (the leak walk's, the access matrix's and the logging test's setup did, at a load average of 8).
// A file that needs longer still sets its own.
jest.setTimeout(30_000);
