// Imported first by bench/run.ts: the logger and the SDK read these when their modules load. A log line per
// request would time the console, not the API.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
