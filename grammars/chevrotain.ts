/**
 * chevrotain through its single-file bundle. The package's entry loads a few hundred modules (lodash-es among them),
 * which cost ~0.24 s of every start; the bundle is one file. The package's exports map does not name the bundle,
 * so it is found next to the entry the map does name. Same package, same version: only how it is loaded differs.
 */
import type * as Chevrotain from "chevrotain";

const bundle = (await import(
  new URL("../chevrotain.mjs", import.meta.resolve("chevrotain")).href
)) as typeof Chevrotain;

export const createToken = bundle.createToken;
export const Lexer = bundle.Lexer;
export const EmbeddedActionsParser = bundle.EmbeddedActionsParser;
export const EOF = bundle.EOF;
export type { IOrAlt, IToken, ILexerConfig, TokenType } from "chevrotain";
