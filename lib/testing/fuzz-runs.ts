// How many cases each property tries: a short run in `npm test`, a long one in `npm run fuzz`
// (FUZZ_RUNS=…). A failure prints fast-check's seed and path, to replay it exactly.
export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 300);
