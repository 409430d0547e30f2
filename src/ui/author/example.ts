// The lesson the editor starts with: short, valid, and showing each part of the format once.
export const EXAMPLE_LESSON = `---
title: Say hello to a mail server
summary: Connect to a mail server and greet it with EHLO.
steps:
  - id: connect
    text: |
      Open a connection to the mail server on port 25 with \`telnet\`.
    goal:
      reply: { code: 220 }
    hints:
      - The command is telnet, then the server's name, then the port.
      - 'Type: \`telnet mail.example.test 25\`'
    done: |
      **220** is the greeting: the server is ready.
    solution: ['telnet mail.example.test 25']
    misses:
      - name: no port, so telnet tries port 23
        lines: ['telnet mail.example.test']
  - id: greet
    text: |
      Greet the server with \`EHLO\` and the name of your computer.
    goal:
      reply: { id: ehlo.ok }
    teaches:
      - when: { reply: { id: helo.ok } }
        say: HELO works too, but EHLO also lists the server's extensions.
    hints:
      - EHLO, then a name for your computer.
      - 'Type: \`EHLO laptop.client.test\`'
    done: |
      The server answered with **250** and the extensions it supports.
    solution: ['EHLO laptop.client.test']
---
Every mail server greets a new connection first, then waits for the client to introduce itself.
`;
