// The CLI's exports and `generate --finish` write release files as the app does: one writer, in core.
export { releaseFileTexts } from '../lib/core/dataset/release-file-texts';
