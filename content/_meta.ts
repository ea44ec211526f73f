export default {
  index: 'Overview'
}
