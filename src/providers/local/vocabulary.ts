/**
 * The built-in model's vocabulary: which prompt words set the palette, the
 * scene, the objects and the style. Documented in docs/local-model.md; a word
 * not listed here still changes the image a little (it moves the seed of the
 * layout), as an unseen word does in a real model.
 */

export type Rgb = readonly [number, number, number];

export const COLOURS: Record<string, Rgb> = {
  red: [210, 40, 40],
  crimson: [180, 20, 50],
  orange: [240, 130, 30],
  yellow: [245, 215, 50],
  gold: [212, 175, 55],
  golden: [212, 175, 55],
  green: [60, 160, 70],
  emerald: [30, 150, 100],
  teal: [30, 150, 150],
  cyan: [60, 210, 230],
  blue: [50, 100, 210],
  navy: [25, 40, 110],
  purple: [130, 60, 180],
  violet: [150, 90, 210],
  magenta: [220, 50, 200],
  pink: [240, 140, 180],
  white: [245, 245, 245],
  black: [25, 25, 30],
  gray: [128, 128, 132],
  grey: [128, 128, 132],
  silver: [192, 192, 200],
  brown: [120, 80, 45],
  beige: [225, 210, 180],
};

/**
 * A scene sets the backdrop; several scene words combine (night + city + rain).
 * The sky comes from the strongest tier named (time of day over weather over
 * place, whatever the word order), the ground and water from the places, and
 * brightness multiplies: "a forest at night" is a dark green forest under a
 * night sky.
 */
export interface SceneLook {
  /** `place` (default) sets the ground; `weather` and `time` win the sky. */
  tier?: 'place' | 'weather' | 'time';
  skyTop?: Rgb;
  skyBottom?: Rgb;
  ground?: Rgb | null;
  horizon?: number;
  water?: Rgb;
  stars?: boolean;
  lights?: boolean;
  rain?: boolean;
  haze?: number;
  /** Objects a scene brings along when the prompt names none of them. */
  props?: readonly string[];
  /** Multiplies the brightness of everything: night is dark. */
  brightness?: number;
}

export const SCENES: Record<string, SceneLook> = {
  sunset: { tier: 'time', skyTop: [70, 40, 110], skyBottom: [250, 140, 60], ground: [80, 50, 55], props: ['sun'] },
  dusk: { tier: 'time', skyTop: [50, 40, 100], skyBottom: [220, 120, 90], ground: [60, 45, 60] },
  sunrise: { tier: 'time', skyTop: [140, 160, 215], skyBottom: [255, 190, 130], props: ['sun'] },
  dawn: { tier: 'time', skyTop: [140, 160, 215], skyBottom: [255, 200, 150] },
  night: {
    tier: 'time',
    skyTop: [8, 12, 35],
    skyBottom: [28, 36, 78],
    ground: [22, 26, 38],
    stars: true,
    brightness: 0.55,
  },
  midnight: {
    tier: 'time',
    skyTop: [5, 8, 25],
    skyBottom: [18, 24, 55],
    ground: [15, 18, 28],
    stars: true,
    brightness: 0.5,
  },
  forest: {
    skyTop: [120, 170, 140],
    skyBottom: [185, 215, 175],
    ground: [40, 100, 50],
    horizon: 0.55,
    props: ['tree', 'tree', 'tree', 'tree', 'tree', 'tree', 'tree'],
  },
  woods: { ground: [45, 95, 50], horizon: 0.58, props: ['tree', 'tree', 'tree', 'tree', 'tree'] },
  jungle: {
    skyTop: [100, 160, 110],
    skyBottom: [160, 200, 140],
    ground: [30, 110, 45],
    horizon: 0.55,
    props: ['tree', 'tree', 'tree', 'tree', 'tree', 'tree', 'tree'],
  },
  ocean: { skyTop: [110, 165, 225], skyBottom: [190, 220, 240], water: [35, 95, 170], ground: null, horizon: 0.5 },
  sea: { skyTop: [110, 165, 225], skyBottom: [190, 220, 240], water: [40, 100, 165], ground: null, horizon: 0.52 },
  beach: { water: [50, 140, 190], ground: [230, 205, 150], horizon: 0.5 },
  lake: { water: [60, 120, 160], horizon: 0.58 },
  river: { water: [70, 130, 170] },
  desert: { skyTop: [150, 190, 235], skyBottom: [240, 222, 185], ground: [220, 180, 120] },
  snow: { skyTop: [185, 205, 228], skyBottom: [232, 238, 245], ground: [240, 244, 250] },
  winter: { skyTop: [180, 200, 225], skyBottom: [228, 234, 242], ground: [236, 240, 246] },
  city: { skyTop: [140, 160, 190], skyBottom: [190, 196, 206], ground: [85, 85, 92], props: ['building', 'building'] },
  street: { ground: [70, 70, 78], props: ['building', 'road'], lights: true },
  studio: { skyTop: [88, 88, 94], skyBottom: [160, 160, 166], ground: null },
  space: { skyTop: [0, 0, 10], skyBottom: [16, 6, 36], ground: null, stars: true },
  underwater: { skyTop: [8, 60, 100], skyBottom: [30, 140, 160], ground: [160, 150, 110], horizon: 0.8 },
  mountains: { props: ['mountain', 'mountain'] },
  alpine: { skyTop: [100, 160, 230], props: ['mountain'] },
  field: { ground: [110, 170, 80] },
  meadow: { ground: [100, 175, 85], props: ['flower', 'flower'] },
  garden: { ground: [80, 150, 70], props: ['flower', 'flower', 'flower'] },
  room: { skyTop: [205, 190, 165], skyBottom: [215, 200, 175], ground: [140, 100, 70], horizon: 0.7 },
  kitchen: { skyTop: [225, 220, 205], skyBottom: [230, 225, 210], ground: [160, 120, 85], horizon: 0.72 },
  rain: { tier: 'weather', skyTop: [80, 88, 100], skyBottom: [130, 138, 150], rain: true, brightness: 0.85 },
  rainy: { tier: 'weather', skyTop: [80, 88, 100], skyBottom: [130, 138, 150], rain: true, brightness: 0.85 },
  fog: { tier: 'weather', haze: 0.45 },
  foggy: { tier: 'weather', haze: 0.45 },
  mist: { tier: 'weather', haze: 0.35 },
  neon: { tier: 'weather', lights: true, skyTop: [30, 10, 50], skyBottom: [80, 20, 90] },
  cyberpunk: { tier: 'weather', lights: true, skyTop: [20, 10, 45], skyBottom: [90, 20, 100], props: ['building'] },
  autumn: { ground: [170, 110, 50] },
  spring: { ground: [120, 190, 90] },
};

export type Recipe =
  | 'animal'
  | 'bird'
  | 'fish'
  | 'tree'
  | 'flower'
  | 'mountain'
  | 'disc'
  | 'tower'
  | 'house'
  | 'building'
  | 'vehicle'
  | 'boat'
  | 'person'
  | 'cloud'
  | 'vessel'
  | 'road'
  | 'star';

export interface Thing {
  recipe: Recipe;
  colour: Rgb;
  /** Up in the sky (sun, cloud, bird) rather than on the ground. */
  sky?: boolean;
  /** Relative size, 1 = a medium object. */
  size?: number;
  /** Emits light: stays bright at night. */
  glow?: boolean;
}

export const THINGS: Record<string, Thing> = {
  fox: { recipe: 'animal', colour: [220, 110, 40] },
  cat: { recipe: 'animal', colour: [120, 115, 110], size: 0.8 },
  dog: { recipe: 'animal', colour: [150, 105, 60] },
  horse: { recipe: 'animal', colour: [110, 70, 40], size: 1.3 },
  rabbit: { recipe: 'animal', colour: [200, 190, 180], size: 0.6 },
  bear: { recipe: 'animal', colour: [90, 60, 35], size: 1.3 },
  deer: { recipe: 'animal', colour: [160, 110, 65], size: 1.1 },
  owl: { recipe: 'bird', colour: [140, 110, 80], size: 0.8 },
  bird: { recipe: 'bird', colour: [60, 90, 160], sky: true, size: 0.5 },
  eagle: { recipe: 'bird', colour: [90, 65, 40], sky: true, size: 0.8 },
  fish: { recipe: 'fish', colour: [240, 140, 40], size: 0.6 },
  tree: { recipe: 'tree', colour: [50, 130, 60], size: 1.3 },
  flower: { recipe: 'flower', colour: [230, 80, 120], size: 0.5 },
  rose: { recipe: 'flower', colour: [200, 30, 50], size: 0.5 },
  mountain: { recipe: 'mountain', colour: [110, 115, 130], size: 2.6 },
  volcano: { recipe: 'mountain', colour: [80, 60, 55], size: 2.4 },
  sun: { recipe: 'disc', colour: [255, 200, 60], sky: true, size: 0.7, glow: true },
  moon: { recipe: 'disc', colour: [235, 235, 215], sky: true, size: 0.55, glow: true },
  planet: { recipe: 'disc', colour: [200, 140, 90], sky: true, size: 0.9 },
  ball: { recipe: 'disc', colour: [220, 60, 50], size: 0.4 },
  apple: { recipe: 'disc', colour: [200, 30, 40], size: 0.35 },
  orange: { recipe: 'disc', colour: [245, 140, 30], size: 0.35 },
  balloon: { recipe: 'disc', colour: [230, 50, 60], sky: true, size: 0.4 },
  clock: { recipe: 'disc', colour: [235, 230, 215], size: 0.5 },
  lighthouse: { recipe: 'tower', colour: [235, 235, 230], size: 1.6, glow: true },
  tower: { recipe: 'tower', colour: [150, 140, 130], size: 1.6 },
  castle: { recipe: 'tower', colour: [140, 135, 125], size: 1.8 },
  house: { recipe: 'house', colour: [200, 170, 130], size: 1.2 },
  cabin: { recipe: 'house', colour: [130, 90, 55], size: 1.1 },
  building: { recipe: 'building', colour: [120, 125, 140], size: 1.8 },
  skyscraper: { recipe: 'building', colour: [110, 130, 160], size: 2.4 },
  car: { recipe: 'vehicle', colour: [200, 40, 40], size: 0.9 },
  bus: { recipe: 'vehicle', colour: [240, 190, 40], size: 1.3 },
  train: { recipe: 'vehicle', colour: [70, 80, 100], size: 1.5 },
  bicycle: { recipe: 'vehicle', colour: [40, 40, 45], size: 0.6 },
  boat: { recipe: 'boat', colour: [180, 60, 40], size: 1 },
  ship: { recipe: 'boat', colour: [90, 90, 100], size: 1.5 },
  sailboat: { recipe: 'boat', colour: [245, 245, 240], size: 1 },
  person: { recipe: 'person', colour: [60, 80, 140], size: 0.9 },
  man: { recipe: 'person', colour: [60, 80, 140], size: 0.95 },
  woman: { recipe: 'person', colour: [160, 60, 90], size: 0.9 },
  child: { recipe: 'person', colour: [230, 160, 40], size: 0.6 },
  astronaut: { recipe: 'person', colour: [235, 235, 235], size: 0.9 },
  robot: { recipe: 'person', colour: [170, 175, 185], size: 1 },
  cloud: { recipe: 'cloud', colour: [245, 245, 250], sky: true, size: 1.1 },
  cup: { recipe: 'vessel', colour: [235, 230, 220], size: 0.5 },
  mug: { recipe: 'vessel', colour: [200, 80, 60], size: 0.5 },
  coffee: { recipe: 'vessel', colour: [110, 70, 40], size: 0.5 },
  vase: { recipe: 'vessel', colour: [60, 110, 170], size: 0.7 },
  bottle: { recipe: 'vessel', colour: [50, 130, 80], size: 0.6 },
  road: { recipe: 'road', colour: [60, 60, 66] },
  star: { recipe: 'star', colour: [255, 240, 150], sky: true, size: 0.3, glow: true },
  lamp: { recipe: 'star', colour: [255, 220, 140], size: 0.3, glow: true },
};

/** Plural forms that name several of a thing. */
export const PLURALS: Record<string, string> = Object.fromEntries(
  Object.keys(THINGS).map((word) => [word.endsWith('s') || word.endsWith('x') ? `${word}es` : `${word}s`, word]),
);

export interface StyleLook {
  /** Film grain amplitude, in 8-bit levels. */
  grain?: number;
  /** Posterise to this many levels per channel (flat colours). */
  posterize?: number;
  /** Pixelate in blocks of this many pixels. */
  pixelate?: number;
  /** Box blur radius (soft edges, watercolour). */
  blur?: number;
  /** 0..1 desaturation toward grey (sketch, monochrome). */
  desaturate?: number;
  /** Darken the corners (cinematic). */
  vignette?: number;
  /** Warm brown toning (vintage). */
  sepia?: number;
  /** Directional streak texture (paint strokes). */
  strokes?: number;
}

export const STYLES: Record<string, StyleLook> = {
  photograph: { grain: 2 },
  photo: { grain: 2 },
  photorealistic: { grain: 1.5 },
  realistic: { grain: 1.5 },
  cinematic: { vignette: 0.45, grain: 1.5 },
  dramatic: { vignette: 0.35 },
  painting: { strokes: 10 },
  oil: { strokes: 14 },
  impressionist: { strokes: 16, blur: 1 },
  watercolor: { blur: 3, desaturate: 0.15 },
  watercolour: { blur: 3, desaturate: 0.15 },
  sketch: { desaturate: 0.9, grain: 6 },
  pencil: { desaturate: 1, grain: 8 },
  monochrome: { desaturate: 1 },
  cartoon: { posterize: 6 },
  anime: { posterize: 7 },
  illustration: { posterize: 8 },
  flat: { posterize: 5 },
  vector: { posterize: 5 },
  pixel: { pixelate: 8, posterize: 8 },
  vintage: { sepia: 0.6, grain: 5, vignette: 0.25 },
  sepia: { sepia: 0.9 },
};

/** Words the built-in safety checker refuses unless it is disabled (verdict `blocked`). */
export const UNSAFE_WORDS = ['nsfw', 'nude', 'gore', 'blood', 'violence', 'weapon', 'explicit', 'unsafe'] as const;

/** Negative-prompt words that ask for a cleaner image: less grain and noise. */
export const QUALITY_NEGATIVES = [
  'blurry',
  'noise',
  'noisy',
  'grainy',
  'grain',
  'low quality',
  'distorted',
  'artifacts',
];

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}
