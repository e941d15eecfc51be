/**
 * Prompt → scene: palette and backdrop from scene words, objects from nouns
 * (coloured by the colour word before them), a style from style words, and a
 * layout drawn from the seed. The negative prompt removes what it names.
 */
import { withoutColours } from './palette.js';
import { hash2, hashString, Rng } from './random.js';
import { mixRgb, scaleRgb } from './raster.js';
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
  /** The first thing the prompt names: drawn last, so nothing hides it. */
  subject?: boolean;
}

export interface Scene {
  skyTop: Rgb;
  skyBottom: Rgb;
  ground: Rgb | null;
  horizon: number;
  water: Rgb | undefined;
  /** The water's colour at the bottom of the image (default: a darker `water`). */
  waterBottom?: Rgb;
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
  // "no trees" removes every tree: plurals in the negative name the thing itself.
  for (const word of [...negative]) {
    const singular = PLURALS[word];
    if (singular) negative.add(singular);
  }
  const negativeText = negativePrompt.toLowerCase();

  const looks: SceneLook[] = [];
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
    if (scene && !negative.has(token)) looks.push(scene);
    const styleLook = STYLES[token];
    if (styleLook && !negative.has(token)) Object.assign(style, styleLook);
    const singular = THINGS[token] ? token : PLURALS[token];
    if (singular) {
      const thing = THINGS[singular];
      if (thing && !negative.has(singular)) {
        mentions.push({ word: singular, thing, colour: pendingColour, count: singular === token ? 1 : 3 });
      }
      pendingColour = undefined;
    }
  });
  if (pendingColour) tint = pendingColour;
  const look = combineLooks(looks);

  // Scene props come along only when the prompt names none of them; a prop listed k times gives k copies.
  const props = new Map<string, number>();
  for (const prop of look.props ?? []) props.set(prop, Math.min(MAX_PROPS, (props.get(prop) ?? 0) + 1));
  for (const [prop, count] of props) {
    const thing = THINGS[prop];
    if (!thing || negative.has(prop) || mentions.some((m) => m.word === prop)) continue;
    mentions.push({ word: prop, thing, colour: undefined, count });
  }

  const removedColours = [...negative].flatMap((w) => (COLOURS[w] ? [COLOURS[w]] : []));
  const avoid = (colour: Rgb) => withoutColours(colour, removedColours);
  const cleanliness = Math.min(1, QUALITY_NEGATIVES.filter((q) => negativeText.includes(q)).length / 3);
  const rng = new Rng(hash2(seed, hashString(prompt)));
  const ground = look.ground === undefined ? DEFAULT_LOOK.ground : look.ground;
  const horizon = ground === null && !look.water ? 1 : (look.horizon ?? DEFAULT_LOOK.horizon);
  const skyBottom = look.skyBottom ?? DEFAULT_LOOK.skyBottom;
  // Water mirrors a sunset or a night sky: the sky's glow at the horizon, the sky's top further out.
  const timeOfDay = looks.some((l) => l.tier === 'time');
  const skyTop = look.skyTop ?? DEFAULT_LOOK.skyTop;
  const water = look.water && timeOfDay ? mixRgb(look.water, skyBottom, 0.6) : look.water;
  const waterBottom = look.water && timeOfDay ? scaleRgb(mixRgb(look.water, skyTop, 0.5), 0.8) : undefined;
  // Shapes chosen by the words themselves only when the prompt names nothing the model knows.
  const knowsAWord = tokens.some((t) => SCENES[t] || THINGS[t] || PLURALS[t] || COLOURS[t] || STYLES[t]);

  const objects = layout(mentions, rng, horizon, knowsAWord ? undefined : prompt);
  return {
    skyTop: avoid(skyTop),
    skyBottom: avoid(skyBottom),
    ground: ground && avoid(ground),
    horizon,
    water: water && avoid(water),
    ...(waterBottom ? { waterBottom: avoid(waterBottom) } : {}),
    stars: (look.stars ?? false) && !negative.has('stars'),
    lights: (look.lights ?? false) && !negative.has('lights'),
    rain: (look.rain ?? false) && !negative.has('rain'),
    haze: negative.has('fog') ? 0 : (look.haze ?? 0),
    brightness: look.brightness ?? 1,
    tint: tint && avoid(tint) === tint ? tint : undefined,
    objects: objects.map((o) => ({ ...o, colour: avoid(o.colour) })),
    style,
    cleanliness,
    removedColours,
  };
}

/** Most copies of one scene prop (a forest's trees). */
const MAX_PROPS = 8;

const TIER_RANK = { place: 0, weather: 1, time: 2 } as const;

/** Sky from the strongest tier (the last word of it), ground and water from the places, brightness multiplied. */
function combineLooks(looks: readonly SceneLook[]): SceneLook {
  const rank = (l: SceneLook) => TIER_RANK[l.tier ?? 'place'];
  const out: SceneLook = {};
  for (const l of [...looks].sort((a, b) => rank(a) - rank(b))) {
    if (l.skyTop) out.skyTop = l.skyTop;
    if (l.skyBottom) out.skyBottom = l.skyBottom;
  }
  for (const l of [...looks].sort((a, b) => rank(b) - rank(a))) {
    if (l.ground !== undefined) out.ground = l.ground;
    if (l.water) out.water = l.water;
    if (l.horizon !== undefined) out.horizon = l.horizon;
  }
  let brightness = 1;
  let haze = 0;
  for (const l of looks) {
    brightness *= l.brightness ?? 1;
    haze = Math.max(haze, l.haze ?? 0);
    if (l.stars) out.stars = true;
    if (l.lights) out.lights = true;
    if (l.rain) out.rain = true;
  }
  out.brightness = brightness;
  out.haze = haze;
  out.props = looks.flatMap((l) => l.props ?? []);
  return out;
}

/** Seeded placement: the first-named subject near the centre and large, the rest around it, far ones smaller. */
function layout(mentions: Mention[], rng: Rng, horizon: number, abstractPrompt: string | undefined): SceneObject[] {
  const objects: SceneObject[] = [];
  const groundTop = horizon >= 1 ? 0.55 : horizon;
  if (mentions.length === 0 && abstractPrompt !== undefined) {
    // An abstract prompt ("bond", "element"): shapes and colours chosen by the words themselves.
    const h = hashString(abstractPrompt);
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
        ...(subject ? { subject } : {}),
      });
    }
  });
  // Painter's order: sky and far things first, the subject last.
  return objects.sort((a, b) => drawOrder(a) - drawOrder(b));
}

function drawOrder(object: SceneObject): number {
  if (object.recipe === 'road') return -1;
  if (object.recipe === 'mountain') return 0;
  if (object.subject && !THINGS[object.word]?.sky) return 2;
  return object.y;
}
