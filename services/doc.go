// Package services reads and writes services(5) files: entries with their line numbers, aliases and comments, and warnings for lines resolvers would misread.
package services
