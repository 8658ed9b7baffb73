/* global module */
// Stands in for @stdlib/assert-has-generator-support in the page's build (vite.config.ts aliases it):
// the original probes with eval, which the page's Content-Security-Policy refuses (and reports as a
// violation). Every browser the page runs in has generator functions.
module.exports = function hasGeneratorSupport() {
  return true;
};
