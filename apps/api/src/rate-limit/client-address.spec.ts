import type { IncomingMessage } from 'node:http';
import { clientAddress } from './client-address';

function fromPeer(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

const trustNobody = () => false;
const trustLoopback = (address: string) => address === '127.0.0.1';

describe('the client address rate limits are keyed on', () => {
  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(fromPeer('198.51.100.7', '203.0.113.1'), trustNobody)).toBe('198.51.100.7');
  });

  it('is the address a trusted proxy forwarded for', () => {
    expect(clientAddress(fromPeer('127.0.0.1', '203.0.113.1'), trustLoopback)).toBe('203.0.113.1');
  });

  it('stops at the first untrusted hop, so a client cannot pick its own address by prepending one', () => {
    const spoofed = fromPeer('127.0.0.1', '192.0.2.99, 203.0.113.1');
    expect(clientAddress(spoofed, trustLoopback)).toBe('203.0.113.1');
  });

  it('is the trusted proxy itself when it forwarded nothing', () => {
    expect(clientAddress(fromPeer('127.0.0.1'), trustLoopback)).toBe('127.0.0.1');
  });
});
