// Jest reads testTimeout from the global configuration only, not from a project's: the e2e project
// sets its allowance here. Services start and stop as real processes; hooks get the same allowance.
jest.setTimeout(60_000);
