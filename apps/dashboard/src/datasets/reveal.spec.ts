import { reasonProblem, tokensIn } from './reveal';

const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz';
const OTHER = 'tok_234567abcdefghijklmnopqrst';

describe('reveal helpers', () => {
  it('finds vault tokens in a cell, each once, and nothing that only looks like one', () => {
    expect([tokensIn(TOKEN), tokensIn(`mail ${TOKEN} and ${OTHER}, again ${TOKEN}`), tokensIn('tok_short'), tokensIn('tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ'), tokensIn('<EMAIL_ADDRESS>')]).toEqual([[TOKEN], [TOKEN, OTHER], [], [], []]);
  });

  it('asks for a reason of 10 to 500 characters, spaces around it not counted', () => {
    expect([reasonProblem(''), reasonProblem('   too short   '), reasonProblem('Ticket 4711: the customer asked'), reasonProblem('x'.repeat(501))]).toEqual([
      'Say why in at least 10 characters.',
      'Say why in at least 10 characters.',
      null,
      'Keep the reason under 500 characters.',
    ]);
  });
});
