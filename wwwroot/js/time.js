// The browser's time zone: the server renders times, but only the browser knows where its reader is.
export function timeZone() {
  return {
    id: Intl.DateTimeFormat().resolvedOptions().timeZone ?? null,
    offsetMinutes: -new Date().getTimezoneOffset(),
  };
}
