/**
 * Prompt → scene: palette and backdrop from scene words, objects from nouns
 * (coloured by the colour word before them), a style from style words, and a
 * layout drawn from the seed. The negative prompt removes what it names.
 */
import { hash2, hashString, Rng } from './random.js';
import {
  COLOURS,
  PLURALS,
  QUALITY_NEGATIVES,
  type Recipe,
  type Rgb,
  SCENES,
  type SceneLook,
  STYLES,
  type StyleLook,
  THINGS,
  type Thing,
  words,
} from './vocabulary.js';

export interface SceneObject {
  word: string;
  recipe: Recipe;
  colour: Rgb;
  /** Anchor: centre x and base y (sky objects: centre y), as fractions of the image. */
  x: number;
  y: number;
  /** Size as a fraction of the image's shorter side. */
  size: number;
  glow: boolean;
  /** Per-object variation (building heights, window patterns). */
  variant: number;
}

export interface Scene {
  skyTop: Rgb;
  skyBottom: Rgb;
  ground: Rgb | null;
  horizon: number;
  water: Rgb | undefined;
  stars: boolean;
  lights: boolean;
  rain: boolean;
  haze: number;
  brightness: number;
  tint: Rgb | undefined;
  objects: SceneObject[];
  style: StyleLook;
  /** 0..1: how much the negative prompt asked for a clean image (less grain and noise). */
  cleanliness: number;
  /** Colours the negative prompt removes. */
  removedColours: Rgb[];
}

const DEFAULT_LOOK = {
  skyTop: [110, 160, 225] as Rgb,
  skyBottom: [195, 220, 242] as Rgb,
  ground: [105, 155, 85] as Rgb,
  horizon: 0.64,
};

interface Mention {
  word: string;
  thing: Thing;
  colour: Rgb | undefined;
  count: number;
}

export function composeScene(prompt: string, negativePrompt: string, seed: number): Scene {
  const tokens = words(prompt);
  const negative = new Set(words(negativePrompt));
  const negativeText = negativePrompt.toLowerCase();

  const look: SceneLook = {};
  const style: StyleLook = {};
  const mentions: Mention[] = [];
  let pendingColour: Rgb | undefined;
  let tint: Rgb | undefined;

  const isThing = (token: string | undefined) => token !== undefined && (THINGS[token] ?? PLURALS[token]) !== undefined;
  tokens.forEach((token, i) => {
    const colour = COLOURS[token];
    // "orange" is a colour before a noun ("orange cat") and a fruit otherwise.
    if (colour && (!isThing(token) || isThing(tokens[i + 1]))) {
      pendingColour = colour;
      return;
    }
    const scene = SCENES[token];
    if (scene && !negative.has(token)) Object.assign(look, mergeLook(look, scene));
    const styleLook = STYLES[token];
    if (styleLook && !negative.has(token)) Object.assign(style, styleLook);
    const singular = THINGS[token] ? token : PLURALS[token];
    if (singular) {
      const thing = THINGS[singular];
      if (thing && !negative.has(singular) && !negative.has(token)) {
        mentions.push({ word: singular, thing, colour: pendingColour, count: singular === token ? 1 : 3 });
      }
      pendingColour = undefined;
    }
  });
  if (pendingColour) tint = pendingColour;

  // Scene props come along only when the prompt names none of them.
  for (const prop of look.props ?? []) {
    const thing = THINGS[prop];
    if (!thing || negative.has(prop) || mentions.some((m) => m.word === prop)) continue;
    mentions.push({ word: prop, thing, colour: undefined, count: 1 });
  }

  const removedColours = [...negative].flatMap((w) => (COLOURS[w] ? [COLOURS[w]] : []));
  const cleanliness = Math.min(1, QUALITY_NEGATIVES.filter((q) => negativeText.includes(q)).length / 3);
  const rng = new Rng(hash2(seed, hashString(prompt)));
  const ground = look.ground === undefined ? DEFAULT_LOOK.ground : look.ground;
  const horizon = ground === null && !look.water ? 1 : (look.horizon ?? DEFAULT_LOOK.horizon);

  const objects = layout(mentions, rng, horizon, prompt);
  return {
    skyTop: look.skyTop ?? DEFAULT_LOOK.skyTop,
    skyBottom: look.skyBottom ?? DEFAULT_LOOK.skyBottom,
    ground,
    horizon,
    water: look.water,
    stars: (look.stars ?? false) && !negative.has('stars'),
    lights: (look.lights ?? false) && !negative.has('lights'),
    rain: (look.rain ?? false) && !negative.has('rain'),
    haze: negative.has('fog') ? 0 : (look.haze ?? 0),
    brightness: look.brightness ?? 1,
    tint: tint && !removedColours.includes(tint) ? tint : undefined,
    objects: objects.map((o) => ({ ...o, colour: withoutColours(o.colour, removedColours) })),
    style,
    cleanliness,
    removedColours,
  };
}

function mergeLook(current: SceneLook, next: SceneLook): SceneLook {
  return { ...current, ...next, props: [...(current.props ?? []), ...(next.props ?? [])] };
}

/** Seeded placement: the first-named subject near the centre and large, the rest around it, far ones smaller. */
function layout(mentions: Mention[], rng: Rng, horizon: number, prompt: string): SceneObject[] {
  const objects: SceneObject[] = [];
  const groundTop = horizon >= 1 ? 0.55 : horizon;
  if (mentions.length === 0) {
    // An abstract prompt ("bond", "element"): shapes and colours chosen by the words themselves.
    const h = hashString(prompt);
    const palette = Object.values(COLOURS);
    for (let i = 0; i < 3; i++) {
      const colour = palette[hash2(h, i) % palette.length] ?? [128, 128, 128];
      objects.push({
        word: 'abstract',
        recipe: (['disc', 'mountain', 'building'] as const)[hash2(h, 10 + i) % 3] ?? 'disc',
        colour,
        x: rng.range(0.2, 0.8),
        y: rng.range(0.45, 0.9),
        size: rng.range(0.12, 0.3),
        glow: false,
        variant: rng.int(0, 1 << 20),
      });
    }
    return objects;
  }
  mentions.forEach((mention, index) => {
    for (let copy = 0; copy < mention.count; copy++) {
      const { thing } = mention;
      const subject = index === 0 && copy === 0;
      let x: number;
      let y: number;
      if (thing.recipe === 'road') {
        x = rng.range(0.4, 0.6);
        y = 1;
      } else if (thing.sky) {
        x = rng.range(0.12, 0.88);
        y = rng.range(0.1, Math.max(0.15, groundTop - 0.2));
      } else if (thing.recipe === 'mountain') {
        x = rng.range(0.15, 0.85);
        y = groundTop + 0.02;
      } else {
        x = subject ? rng.range(0.38, 0.62) : rng.range(0.1, 0.9);
        y = subject ? rng.range(groundTop + 0.2, 0.9) : rng.range(groundTop + 0.05, 0.95);
      }
      // Nearer (lower) objects are larger; the subject is larger still.
      const depth = thing.sky ? 1 : 0.55 + 0.9 * ((y - groundTop) / Math.max(0.05, 1 - groundTop));
      const size = 0.13 * (thing.size ?? 1) * depth * (subject ? 1.35 : 1) * rng.range(0.85, 1.15);
      objects.push({
        word: mention.word,
        recipe: thing.recipe,
        colour: mention.colour ?? thing.colour,
        x,
        y,
        size,
        glow: thing.glow ?? false,
        variant: rng.int(0, 1 << 20),
      });
    }
  });
  // Painter's order: sky and far things first.
  return objects.sort((a, b) => drawOrder(a) - drawOrder(b));
}

function drawOrder(object: SceneObject): number {
  if (object.recipe === 'road') return -1;
  if (object.recipe === 'mountain') return 0;
  return object.y;
}

/** A colour the negative prompt names is replaced by a muted neutral, as a real model avoids it. */
function withoutColours(colour: Rgb, removed: readonly Rgb[]): Rgb {
  for (const r of removed) {
    const d = Math.abs(colour[0] - r[0]) + Math.abs(colour[1] - r[1]) + Math.abs(colour[2] - r[2]);
    if (d < 120) {
      const grey = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2];
      return [grey * 0.9 + 15, grey * 0.95 + 10, grey + 10];
    }
  }
  return colour;
}
