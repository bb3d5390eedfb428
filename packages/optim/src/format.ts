// The shape formatter of every error message lives in @adamant/tensor.
export { fmt } from '@adamant/tensor';
