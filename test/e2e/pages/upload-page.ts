import type { Locator } from 'playwright-core';
import { DataPage } from './data-page.ts';

// The Data section's upload as a crash or a full disk leaves it: the phase of the file under way
// (what the section says about an upload cut off by a closed or reloaded page is DataPage.failure).
export class UploadPage extends DataPage {
  /** "reading", "checking" or "storing" for the file under way. */
  phase(): Locator {
    return this.progress().locator('.progress-file-current .progress-file-phase');
  }
}
