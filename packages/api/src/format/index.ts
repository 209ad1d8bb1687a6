/**
 * `@hybridcoach/api/format`: the one place dates, times, ranges and names are written for
 * people, imported by the web app and by notification and email text. Plain `Intl`, safe in
 * the browser.
 */
export * from './dates';
export * from './names';
