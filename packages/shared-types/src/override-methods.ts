/**
 * The object with some members replaced and every other member read from (and bound to) the original: a
 * decorator that keeps class instances with private fields working, and passes through members added later.
 */
export function overrideMethods<T extends object>(original: T, overrides: Partial<T>): T {
  return new Proxy(original, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
