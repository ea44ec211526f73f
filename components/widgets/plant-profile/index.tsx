// <PlantProfile /> for MDX: the plant id and environment every snippet on the site is filled with.
export { default as PlantProfile } from './plant-profile.lazy'
