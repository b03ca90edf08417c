// Package fetch downloads the registry CSV: conditional GET, retries, a size cap and validation before anything is written.
package fetch
