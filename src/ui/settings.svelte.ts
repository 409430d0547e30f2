// Display and behaviour settings of one SMTP Lab instance (theme, text size, line endings, telnet echo).

export type Theme = 'default' | 'projector';

export const FONT_SIZES = [12, 14, 15, 16, 18, 20, 24, 28, 32] as const;

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
  /** Base text size in px; the projector theme scales it up. */
  fontSize = $state(15);
  /** Show CR and LF as marks in the transcript and the diagram. */
  showEndings = $state(false);
  /** Whether the simulated telnet echoes typed text (false: Windows telnet, as seed 000 warns). */
  telnetEcho = $state(true);

  constructor(init: SettingsInit = {}) {
    if (init.theme) this.theme = init.theme;
    if (init.fontSize) this.fontSize = offeredFontSize(init.fontSize) ?? this.fontSize;
    if (init.showEndings !== undefined) this.showEndings = init.showEndings;
    if (init.telnetEcho !== undefined) this.telnetEcho = init.telnetEcho;
  }

  toggleTheme(): void {
    this.theme = this.theme === 'projector' ? 'default' : 'projector';
  }

  larger(): void {
    this.fontSize = FONT_SIZES.find((s) => s > this.fontSize) ?? this.fontSize;
  }

  smaller(): void {
    this.fontSize = [...FONT_SIZES].reverse().find((s) => s < this.fontSize) ?? this.fontSize;
  }
}
