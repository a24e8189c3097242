import type { Detector } from "../sanitizer/types";
import { commandInjectionDetector } from "./command-injection";
import { pathTraversalDetector } from "./path-traversal";
import { sqlInjectionDetector } from "./sql-injection";
import { xssDetector } from "./xss";

/** Every detector the sanitizer runs, one per family. Order is the order findings are reported in. */
export const DETECTORS: readonly Detector[] = [
  sqlInjectionDetector,
  xssDetector,
  commandInjectionDetector,
  pathTraversalDetector,
];
