// Display and behaviour settings of one SMTP Lab instance (theme, text size, line endings, telnet echo).

export type Theme = 'default' | 'projector';

export const FONT_SIZES = [12, 14, 15, 16, 18, 20, 24, 28, 32] as const;

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
    if (init.fontSize) this.fontSize = init.fontSize;
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
