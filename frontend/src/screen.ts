// What every screen other than Explore is to the shell.

export interface ScreenContext {
  /** dataChanged tells the map that the data changed (a report, a decision, funding): tiles and totals are fetched again. */
  dataChanged(): void;
}

export interface Screen {
  /** render redraws every string, after a language switch. */
  render(): void;
  /** accountChanged follows a sign-in or sign-out. */
  accountChanged?(): void;
  destroy(): void;
  /** testHandle gives the browser tests what they read (a screen's own map, say). */
  testHandle?(): unknown;
}
