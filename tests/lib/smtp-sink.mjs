// A tiny SMTP server for tests: listens on 127.0.0.1 (a random port), speaks
// enough of RFC 5321 for libcurl (EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET,
// NOOP, QUIT), and records every message it accepts with its envelope, its
// headers and its body decoded (base64 or quoted-printable, RFC 2047 subjects).
import { createServer } from 'node:net';

function decodeWords(v) {
  return v.replace(/\r\n[ \t]/g, ' ').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=(\s+(?==\?))?/gi, (_, enc, text) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

export function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const rawBody = split < 0 ? '' : raw.slice(split + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]/g, (m) => `\u0000${m.slice(2)}`).split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim().replace(/\u0000/g, '\r\n ');
  }
  const enc = (headers['content-transfer-encoding'] || '').toLowerCase();
  const body = enc === 'base64' ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8') : rawBody;
  return { headers, subject: decodeWords(headers.subject || ''), body, raw };
}

export async function startSmtpSink() {
  const messages = [];
  const sockets = new Set();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.setEncoding('latin1'); // bytes kept as they came; decoded per message
    let buf = '', inData = false, from = null, to = [];
    const say = (line) => sock.write(`${line}\r\n`);
    say('220 smtp-sink ready');
    sock.on('data', (chunk) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          // The message stays in buf until its terminating line has come.
          let body;
          if (buf.startsWith('.\r\n')) { body = ''; buf = buf.slice(3); }
          else {
            const end = buf.indexOf('\r\n.\r\n');
            if (end < 0) return;
            body = buf.slice(0, end);
            buf = buf.slice(end + 5);
          }
          const raw = Buffer.from(body.replace(/^\.\./gm, '.'), 'latin1').toString('utf8');
          messages.push({ from, to: [...to], ...parseMessage(raw) });
          inData = false; from = null; to = [];
          say('250 2.0.0 queued');
          continue;
        }
        const i = buf.indexOf('\r\n');
        if (i < 0) return;
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') { sock.write('250-smtp-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n'); }
        else if (verb === 'HELO') say('250 smtp-sink');
        else if (verb === 'MAIL') { from = (line.match(/<([^>]*)>/) || [])[1] ?? null; to = []; say('250 2.1.0 ok'); }
        else if (verb === 'RCPT') {
          if (from === null) { say('503 5.5.1 MAIL first'); continue; }
          to.push((line.match(/<([^>]*)>/) || [])[1]); say('250 2.1.5 ok');
        }
        else if (verb === 'DATA') {
          if (!to.length) { say('503 5.5.1 RCPT first'); continue; }
          inData = true; say('354 end with <CRLF>.<CRLF>');
          continue;
        }
        else if (verb === 'RSET') { from = null; to = []; say('250 ok'); }
        else if (verb === 'NOOP') say('250 ok');
        else if (verb === 'QUIT') { say('221 bye'); sock.end(); return; }
        else say('502 5.5.2 not implemented');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
