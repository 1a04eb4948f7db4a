import type { ModelError, UnreachableCause } from '../ports';

/** Calls in a row that must fail the same way before any reply for the run to stop. */
export const UNREACHABLE_AT_START = 3;

/** What to check, by cause; the error's own message already names the server and its address. */
const FIXES: Record<UnreachableCause, string> = {
  refused: 'Nothing listens there: start the server, or correct the host and port in the base URL.',
  dns: 'The host name does not resolve: check the base URL for a typo.',
  tls: 'The secure connection failed: check http:// against https:// in the base URL, and the server’s certificate.',
  blocked:
    'The browser does not say whether nothing listens there or the server refuses calls from this page (CORS). Start the server; if it is running, let it allow this page’s origin: for Ollama set OLLAMA_ORIGINS, in LM Studio turn on CORS, for vLLM pass --allowed-origins.'
};

/**
 * Stops a run whose server cannot be reached, rather than retrying every item a few times and
 * storing each as failed (an hour of "failed" for a server that was never started). Before the
 * run's first reply, `UNREACHABLE_AT_START` calls in a row failing for the same reason stop it;
 * once a reply has come, the server has been reached and a later outage stops the run only
 * when `later` calls in a row fail that way (two items' worth of retries), as it may come back.
 */
export class UnreachableWatch {
  private replied = false;
  private cause: UnreachableCause | undefined;
  private streak = 0;

  constructor(private readonly later: number) {}

  /** A reply came: the server is reachable. */
  reached(): void {
    this.replied = true;
    this.cause = undefined;
    this.streak = 0;
  }

  /** A failed call; returns the message to stop the run with, when it is time to stop. */
  failed(error: ModelError): string | undefined {
    const cause = error.details.unreachable;
    if (cause === undefined) {
      // The server answered something (an HTTP error, a timeout after connecting): it is there.
      this.cause = undefined;
      this.streak = 0;
      return undefined;
    }
    this.streak = cause === this.cause ? this.streak + 1 : 1;
    this.cause = cause;
    const limit = this.replied ? this.later : UNREACHABLE_AT_START;
    if (this.streak < limit) return undefined;
    return `Stopped after ${this.streak} calls in a row failed the same way: ${error.message} ${FIXES[cause]} Then resume the run: nothing already answered is asked again.`;
  }
}
