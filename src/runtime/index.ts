/**
 * perf-lint/runtime: what fixed code imports at run time. Imports nothing else of perf-lint and
 * no Redis client (the user passes one in), so it loads in a few milliseconds.
 */
export { cached, cacheMethod, configureCache, cacheStats, allCacheStats, invalidate, invalidateTag } from './cached.js';
export type { CachedOptions, CachedFunction, CacheControls, CachedDecorator, CacheStats } from './cached.js';
export { createRedisStore } from './redis.js';
export type { RedisStore, RedisStoreOptions, RedisClientLike } from './redis.js';
export type { CacheStore, GuardOptions, BreakerState } from './store.js';
export { toMs } from './duration.js';
export type { Duration } from './duration.js';
export { argsKey } from './key.js';
