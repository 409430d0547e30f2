// Display and behaviour settings of one SMTP Lab instance (theme, text size, line endings, telnet echo).

export type Theme = 'default' | 'projector';

export const FONT_SIZES = [12, 14, 15, 16, 18, 20, 24, 28, 32] as const;
/** Projector mode starts at this size at least: readable from the back of a classroom. */
export const PROJECTOR_FONT_SIZE = 20;

/**
 * The offered size nearest to a requested one (an embed's font-size attribute: "1e6" made the widget unusable),
 * or undefined for no number at all.
 */
export function offeredFontSize(size: number): number | undefined {
  if (Number.isNaN(size)) return undefined;
  const within = Math.min(Math.max(size, FONT_SIZES[0]), FONT_SIZES[FONT_SIZES.length - 1]);
  return FONT_SIZES.reduce((best, s) => (Math.abs(s - within) < Math.abs(best - within) ? s : best));
}

export interface SettingsInit {
  theme?: Theme;
  fontSize?: number;
  showEndings?: boolean;
  telnetEcho?: boolean;
}

export class Settings {
  theme = $state<Theme>('default');
  /** Text size in px, as the A−/A+ control shows it (the projector theme does not scale it). */
  fontSize = $state(15);
  /** The size before projector mode raised it, restored when the mode is turned off (if not changed since). */
  private sizeBeforeProjector: { from: number; to: number } | null = null;
  /** Show CR and LF as marks in the transcript and the diagram. */
  showEndings = $state(false);
  /** Whether the simulated telnet echoes typed text (false: Windows telnet, as seed 000 warns). */
  telnetEcho = $state(true);

  constructor(init: SettingsInit = {}) {
    if (init.theme) this.theme = init.theme;
    if (init.fontSize) this.fontSize = offeredFontSize(init.fontSize) ?? this.fontSize;
    else if (init.theme === 'projector') this.fontSize = PROJECTOR_FONT_SIZE;
    if (init.showEndings !== undefined) this.showEndings = init.showEndings;
    if (init.telnetEcho !== undefined) this.telnetEcho = init.telnetEcho;
  }

  toggleTheme(): void {
    if (this.theme === 'projector') {
      this.theme = 'default';
      const before = this.sizeBeforeProjector;
      if (before && before.to === this.fontSize) this.fontSize = before.from;
      this.sizeBeforeProjector = null;
    } else {
      this.theme = 'projector';
      if (this.fontSize < PROJECTOR_FONT_SIZE) {
        this.sizeBeforeProjector = { from: this.fontSize, to: PROJECTOR_FONT_SIZE };
        this.fontSize = PROJECTOR_FONT_SIZE;
      }
    }
  }

  larger(): void {
    this.fontSize = FONT_SIZES.find((s) => s > this.fontSize) ?? this.fontSize;
  }

  smaller(): void {
    this.fontSize = [...FONT_SIZES].reverse().find((s) => s < this.fontSize) ?? this.fontSize;
  }
}
