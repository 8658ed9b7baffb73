/** The view is the whole of its buffer: moving the buffer to another thread moves nothing else along. */
export const wholeBuffer = (view: ArrayBufferView): boolean => view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;

/**
 * A typed array whose buffer can be moved to another thread alone: `view` itself when it is the whole of
 * its buffer, else a copy (moving a view's buffer would take the rest of it along, and detach it here).
 */
export const movable = <T extends Uint8Array | Int32Array | Float64Array>(view: T): T => (wholeBuffer(view) ? view : (view.slice() as T));
