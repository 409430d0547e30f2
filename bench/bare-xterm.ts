// The bench's baseline page: xterm.js with its stylesheet, echoing keys, Ctrl-U clearing the line to a "$ " prompt.
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

const term = new Terminal({ scrollback: 5000 });
term.open(document.getElementById('terminal')!);
term.write('$ ');
term.onData((data) => {
  if (data === '\x15') term.write('\r\x1b[K$ ');
  else if (data === '\r') term.write('\r\n$ ');
  else term.write(data);
});
