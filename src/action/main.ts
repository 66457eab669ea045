// Placeholder until the GitHub edge lands.
export async function run(): Promise<void> {}
