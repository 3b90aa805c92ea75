"""A real SMTP server for the tests (Debian's python3-aiosmtpd) on loopback.

Writes each accepted message to --dir as a file: the connection's peer port, the envelope, then the data. Options:
--cert/--key offer and require STARTTLS; --user/--password require AUTH (after STARTTLS when TLS is on);
--refuse-first N answers 451 to the first N recipients; --reject ADDR answers 550 to that mailbox;
--drop-first N closes the connection at the first N DATA commands without answering; --slow S waits S seconds
before answering DATA. Prints "ready" once it listens.
"""
import argparse
import asyncio
import itertools
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, args):
        self.args = args
        self.refuse = args.refuse_first
        self.drop = args.drop_first
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.args.reject:
            return "550 5.1.1 mailbox unavailable"
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop > 0:
            self.drop -= 1
            server.transport.abort()
            return "421 closing"
        if self.args.slow:
            await asyncio.sleep(self.args.slow)
        number = next(self.counter)
        path = os.path.join(self.args.dir, "%06d.eml" % number)
        with open(path + ".tmp", "wb") as f:
            f.write(("peer: %s\nfrom: %s\nto: %s\n\n" % (session.peer[1], envelope.mail_from, ",".join(envelope.rcpt_tos))).encode())
            f.write(envelope.original_content or envelope.content)
        os.replace(path + ".tmp", path)
        return "250 OK stored"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--refuse-first", type=int, default=0)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--drop-first", type=int, default=0)
    parser.add_argument("--slow", type=float, default=0)
    args = parser.parse_args()

    kwargs = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        kwargs.update(tls_context=context, require_starttls=True)
    if args.user:
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
            return AuthResult(success=ok)
        kwargs.update(authenticator=authenticate, auth_required=True, auth_require_tls=bool(args.cert))

    controller = Controller(Handler(args), hostname="127.0.0.1", port=args.port, **kwargs)
    controller.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()  # runs until the test closes its stdin (or kills it)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
