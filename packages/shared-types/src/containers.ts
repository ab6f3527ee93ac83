import { z } from 'zod';

/**
 * Containers the final file can be written in: MP4 plays in every browser and player; Matroska holds every
 * audio and subtitle codec as it is and carries the StereoMode that VR and 3D-TV players read.
 */
export const CONTAINERS = ['mp4', 'mkv'] as const;
export type Container = (typeof CONTAINERS)[number];
export const containerSchema = z.enum(CONTAINERS);
export const DEFAULT_CONTAINER: Container = 'mp4';

/** The media type each container is served with. */
export const CONTAINER_MEDIA_TYPE: Readonly<Record<Container, string>> = {
  mp4: 'video/mp4',
  mkv: 'video/x-matroska',
};
