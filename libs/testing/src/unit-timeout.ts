// Unit tests are fast, but CI may share its cores with other jobs: jest's 5 s default failed a
// layout test that takes ~0.3 s alone when the suite ran 4x slower than usual. A hang still fails.
jest.setTimeout(30_000);
