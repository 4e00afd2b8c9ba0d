/** EC2 id shapes: old 8-hex and current 17-hex forms. */
export const INSTANCE_ID = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const IMAGE_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const LAUNCH_TEMPLATE_ID = /^lt-([0-9a-f]{8}|[0-9a-f]{17})$/;
