import { z } from 'zod';

// The app's Content-Security-Policy allows no eval. Zod would probe for it (`new Function`) to
// compile faster parsers, and the blocked probe is reported as a CSP violation: use its
// interpreted parsers instead. Code that parses with zod in a Web Worker needs the same line.
z.config({ jitless: true });
