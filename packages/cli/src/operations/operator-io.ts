import { createInterface } from 'node:readline/promises';

/** Where an operator command talks: results on stdout, what it will do on stderr, questions on a terminal. */
export interface OperatorIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether there is a person to ask (stdin is a terminal). */
  interactive: boolean;
  ask(question: string): Promise<string>;
}

export function processOperatorIo(): OperatorIo {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    interactive: process.stdin.isTTY === true,
    async ask(question) {
      const prompt = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await prompt.question(question);
      } finally {
        prompt.close();
      }
    },
  };
}
